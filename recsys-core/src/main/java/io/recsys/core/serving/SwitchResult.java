package io.recsys.core.serving;

import io.recsys.core.ModelVersion;
import io.recsys.core.RegisteredVersion;

/**
 * The outcome of a successful switch.
 *
 * @param previousVersion the primary version before the switch, or null on first start
 * @param version the primary version now serving
 * @param registered the registry entry of that version (metadata, location)
 */
public record SwitchResult(ModelVersion previousVersion, ModelVersion version, RegisteredVersion registered) {
}
