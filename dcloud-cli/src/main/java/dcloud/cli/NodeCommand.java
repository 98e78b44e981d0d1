package dcloud.cli;

import java.lang.reflect.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code dcloud node ...} hands its arguments to the daemon's own entry point, which is on the
 * launcher's classpath but not a compile-time dependency of the CLI (layers stay apart).
 */
@Command(name = "node", description = "Run a node: 'dcloud node run --home DIR', 'dcloud node config-help'.", mixinStandardHelpOptions = false)
public final class NodeCommand implements java.util.concurrent.Callable<Integer> {
    @Unmatched
    java.util.List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Class<?> main = Class.forName("dcloud.node.NodeMain");
        Method entry = main.getMethod("main", String[].class);
        entry.invoke(null, (Object) args.toArray(new String[0]));
        return 0;
    }
}
