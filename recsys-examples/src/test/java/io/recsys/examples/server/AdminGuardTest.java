package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AdminGuardTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void noKey_answersLoopbackOnly() throws Exception {
        var guard = new AdminGuard(null, meters);
        assertThatCode(() -> guard.check(null, null, InetAddress.getByName("127.0.0.1"), "/switch")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(null, null, InetAddress.getByName("::1"), "/switch")).doesNotThrowAnyException();
        InetAddress remote = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
        assertThatThrownBy(() -> guard.check(null, null, remote, "/switch"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(403))
                .hasMessageContaining("loopback");
        assertThat(meters.get("admin.auth.refused").tag("reason", "not_loopback").counter().count()).isEqualTo(1.0);
    }

    @Test
    void key_requiredFromEveryClientAndComparedExactly() throws Exception {
        var guard = new AdminGuard("s3cret-key", meters);
        InetAddress local = InetAddress.getByName("127.0.0.1");
        assertThatThrownBy(() -> guard.check(null, null, local, "/switch"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(401))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> guard.check("s3cret-kez", null, local, "/switch"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(401))
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> guard.check(null, "Bearer s3cret-key-longer", local, "/switch"))
                .isInstanceOf(ApiException.class);
        assertThatCode(() -> guard.check("s3cret-key", null, local, "/switch")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(null, "Bearer s3cret-key", InetAddress.getByAddress(new byte[] {10, 0, 0, 9}), "/x"))
                .doesNotThrowAnyException();
        assertThat(meters.get("admin.auth.refused").tag("reason", "missing_key").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("admin.auth.refused").tag("reason", "wrong_key").counter().count()).isEqualTo(2.0);
    }

    @Test
    void noKey_proxiedLoopbackRequestIsRefused() throws Exception {
        var guard = new AdminGuard(null, meters);
        assertThatThrownBy(() -> guard.check(null, null, InetAddress.getByName("127.0.0.1"), true, "/switch"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(403))
                .hasMessageContaining("proxy");
    }
}
