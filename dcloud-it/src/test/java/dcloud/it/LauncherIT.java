package dcloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `./dcloud` launcher itself, run as a user runs it: its class-data archive for storage commands. */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final long RUN_TIMEOUT_S = 60;

    @TempDir
    Path work;

    private record Run(int status, String out, String err) {}

    private Run launch(String... args) throws Exception {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(ROOT.resolve("dcloud").toString()), Stream.of(args)).toList())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("DCLOUD_SKIP_BUILD", "1");
        builder.environment().put("DCLOUD_CDS_DIR", work.resolve("cds").toString());
        builder.environment().put("DCLOUD_JAVA_OPTS", "-Xlog:class+load=info:file=" + work.resolve("classes.txt"));
        Process process = builder.start();
        assertThat(process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)).as("the launcher finished within %d s", RUN_TIMEOUT_S).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private long classesFromTheArchive() throws IOException {
        try (Stream<String> lines = Files.lines(work.resolve("classes.txt"), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains("shared objects file (top)")).count();
        }
    }

    private List<Path> cdsFiles() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("cds"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void aStorageCommandWritesItsClassArchiveOnceUsesItAfterwardsAndRewritesItWhenTheBuildIsNewer() throws Exception {
        Path archive = work.resolve("cds").resolve("storage.jsa");
        Run first = launch("--home", work.resolve("home").toString(), "storage", "--help");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Usage: dcloud storage");
        assertThat(cdsFiles()).as("the archive, and no partial file").containsExactly(archive);

        FileTime later = FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS));
        Files.setLastModifiedTime(archive, later);
        Run second = launch("--home", work.resolve("home").toString(), "storage", "--help");
        assertThat(second.status()).isZero();
        assertThat(second.out()).as("JVM notes never reach stdout").isEqualTo(first.out());
        assertThat(second.err()).doesNotContain("[cds]").doesNotContain("error");
        assertThat(classesFromTheArchive()).as("classes mapped from the archive").isGreaterThan(100);
        assertThat(Files.getLastModifiedTime(archive)).as("a current archive is not written again").isEqualTo(later);

        Files.setLastModifiedTime(archive, FileTime.fromMillis(0));
        Run third = launch("--home", work.resolve("home").toString(), "storage", "--help");
        assertThat(third.status()).isZero();
        assertThat(classesFromTheArchive()).as("an archive older than the build is not used").isZero();
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("it is written again").isGreaterThan(0);
        assertThat(cdsFiles()).containsExactly(archive);
    }

    @Test
    void aFailedStorageCommandLeavesNoArchive() throws Exception {
        Run failed = launch("--home", work.resolve("home").toString(), "storage", "get", "nothing", work.resolve("out").toString());
        assertThat(failed.status()).isNotZero();
        assertThat(failed.err()).contains("error:");
        assertThat(cdsFiles()).as("no archive from a failed run, and no partial file").isEmpty();
    }
}
