package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.CivitaiDownload.AddressClass;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The address classes the redirect rule compares, and which URLs count as CivitAI's own origin. */
class CivitaiDownloadTest {
    @Test
    void addressesFallIntoLoopbackPrivateOrPublic() throws Exception {
        assertThat(CivitaiDownload.classOf(InetAddress.getByName("127.0.0.2"))).isEqualTo(AddressClass.LOOPBACK);
        assertThat(CivitaiDownload.classOf(InetAddress.getByName("::1"))).isEqualTo(AddressClass.LOOPBACK);
        for (String lan : new String[] {"10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "fd00::1",
                "fe80::1", "0.0.0.0"}) {
            assertThat(CivitaiDownload.classOf(InetAddress.getByName(lan))).as(lan).isEqualTo(AddressClass.PRIVATE);
        }
        assertThat(CivitaiDownload.classOf(InetAddress.getByName("104.18.1.1"))).isEqualTo(AddressClass.PUBLIC);
        assertThat(CivitaiDownload.classOf("[::1]")).isEqualTo(AddressClass.LOOPBACK);
    }

    @Test
    void theOriginIsSchemeHostAndPortWithDefaultPorts() {
        URI civitai = URI.create("https://civitai.com");
        assertThat(CivitaiDownload.sameOrigin(URI.create("https://civitai.com:443/api/download/models/1"), civitai)).isTrue();
        assertThat(CivitaiDownload.sameOrigin(URI.create("https://CIVITAI.com/x"), civitai)).isTrue();
        assertThat(CivitaiDownload.sameOrigin(URI.create("http://civitai.com/x"), civitai)).isFalse();
        assertThat(CivitaiDownload.sameOrigin(URI.create("https://civitai.com.evil.example/x"), civitai)).isFalse();
        assertThat(CivitaiDownload.sameOrigin(URI.create("https://b2.civitai.com/x"), civitai)).isFalse();
    }
}
