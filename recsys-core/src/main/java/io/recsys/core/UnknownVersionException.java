package io.recsys.core;

import java.util.List;

/** A well-formed model version that the registry does not hold. */
public class UnknownVersionException extends RecsysException {
    private static final long serialVersionUID = 1L;

    private final transient ModelVersion requested;
    private final transient List<ModelVersion> available;

    /**
     * @param requested the version that was asked for
     * @param available the versions the registry does hold, oldest first
     */
    public UnknownVersionException(ModelVersion requested, List<ModelVersion> available) {
        super("Unknown model version " + requested + "; available: "
                + (available.isEmpty() ? "(none)" : String.join(", ", available.stream().map(ModelVersion::toString).toList())));
        this.requested = requested;
        this.available = List.copyOf(available);
    }

    /** @return the version that was asked for */
    public ModelVersion requested() {
        return requested;
    }

    /** @return the versions the registry holds, oldest first */
    public List<ModelVersion> available() {
        return available;
    }
}
