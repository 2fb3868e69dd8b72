package io.securitylake.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class RoutesLocationTest {

    private static String patternFor(MockEnvironment env) {
        new RoutesLocation().postProcessEnvironment(env, new SpringApplication());
        return env.getProperty(RoutesLocation.PATTERN);
    }

    @Test
    void operatorFolderWins(@TempDir Path dir) {
        var env = new MockEnvironment().withProperty("lake.routes-dir", dir.toString());
        assertThat(patternFor(env)).isEqualTo("file:" + dir.toAbsolutePath() + "/*.camel.yaml");
    }

    @Test
    void checkoutFolderIsUsedWhenRunFromTheCheckout() {
        // the tests run from the project folder, which holds routes/
        assertThat(patternFor(new MockEnvironment()))
                .isEqualTo("file:" + Path.of("routes").toAbsolutePath().normalize() + "/*.camel.yaml");
    }

    @Test
    void explicitCamelPatternIsLeftAlone() {
        var env = new MockEnvironment().withProperty(RoutesLocation.PATTERN, "classpath:custom/*.yaml");
        assertThat(patternFor(env)).isEqualTo("classpath:custom/*.yaml");
    }

    @Test
    void packagedRoutesAreOnTheClasspathForJavaJar() {
        for (String route : new String[] {"lake-notifications", "ingest-object", "store-chunk", "error-handling"}) {
            assertThat(getClass().getResource("/routes/" + route + ".camel.yaml")).as(route).isNotNull();
        }
    }
}
