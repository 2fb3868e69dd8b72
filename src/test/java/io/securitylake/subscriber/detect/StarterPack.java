package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.SigmaRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The starter pack of the checkout's {@code rules/} folder, loaded the way the service loads a rules folder. */
final class StarterPack {

    static final Path FOLDER = Path.of("rules");

    private StarterPack() {
    }

    static RuleBook load() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return new RuleBook(files.filter(f -> f.toString().endsWith(".yml")).sorted().map(f -> {
                try {
                    return new String[] {f.getFileName().toString(), Files.readString(f)};
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> uids() {
        return load().rules().stream().map(SigmaRule::uid).toList();
    }
}
