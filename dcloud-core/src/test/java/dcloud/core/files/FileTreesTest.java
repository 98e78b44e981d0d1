package dcloud.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir Path dir;

    @Test
    void deletesATreeWithoutFollowingLinksOutOfIt() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep me");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(dir.resolve("tree/link"), dir);
        Files.createSymbolicLink(dir.resolve("tree/a/file-link"), outside);

        FileTrees.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("keep me");
        FileTrees.delete(dir.resolve("tree"));
    }
}
