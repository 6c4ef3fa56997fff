package io.tensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
    @Test
    void internalErrorsNameNoJavaPackages() {
        assertThat(ErrorText.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(ErrorText.describe(new IllegalArgumentException("threads must be >= 0"))).isEqualTo("threads must be >= 0");
    }

    @Test
    void aWrappedCauseLosesItsClassNameAndIsNotRepeated() {
        assertThat(ErrorText.describe(new UncheckedIOException(new IOException("closed")))).isEqualTo("closed");
        assertThat(ErrorText.describe(new IllegalStateException("cannot start", new IOException("disk full"))))
                .isEqualTo("cannot start (caused by disk full)");
    }

    @Test
    void aServiceProviderFailureNamesTheProviderNotTheService() {
        ServiceConfigurationError e = new ServiceConfigurationError(
                "io.tensors.api.TensorsPlugin: Provider com.example.Broken could not be instantiated");
        assertThat(ErrorText.describe(e)).isEqualTo("Provider com.example.Broken could not be instantiated");
    }

    @Test
    void aMissingClassIsSaidInWords() {
        assertThat(ErrorText.describe(new NoClassDefFoundError("com/example/Gone"))).isEqualTo("class not found: com.example.Gone");
    }

    @Test
    void theLineHasNoLineBreaks() {
        assertThat(ErrorText.describe(new RuntimeException("first\nsecond\r\nthird"))).doesNotContain("\n", "\r");
    }
}
