package dcloud.node.api;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class's own single-validator devnet with no genesis allocations, started once and closed after
 * its tests. The fields are shared by every subclass, which is safe because test classes run one at a time.
 */
abstract class OneNodeApiTest {
    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = new TestNode(dir, List.of());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }
}
