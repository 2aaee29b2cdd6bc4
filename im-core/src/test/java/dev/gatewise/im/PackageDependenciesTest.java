package dev.gatewise.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The chat engine's packages form a DAG: jdeps (the JDK's own dependency analyser, run in-process) lists which
 * package uses which in the compiled classes, and no set of packages may use each other in a loop. A failure names
 * the loop's packages; {@code jdeps -verbose:class target/classes} shows the classes behind each edge.
 */
class PackageDependenciesTest {
    private static final Pattern EDGE = Pattern.compile("^\\s*(dev\\.gatewise\\.im[\\w.]*)\\s+->\\s+(dev\\.gatewise\\.im[\\w.]*)\\s.*$");

    @Test
    void packagesHaveNoLoops() throws Exception {
        Path classes = Path.of("target/classes");
        assertThat(Files.isDirectory(classes)).as("compiled classes at " + classes.toAbsolutePath()).isTrue();
        Map<String, Set<String>> uses = dependencies(classes);
        assertThat(uses).as("jdeps found the packages").containsKey("dev.gatewise.im.transport");
        assertThat(loops(uses)).as("package loops (each a set of packages that use each other)").isEmpty();
    }

    /** Package → the packages of the chat engine it uses, as jdeps reports them. */
    static Map<String, Set<String>> dependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        var out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package",
                "-filter:none", classes.toString());
        assertThat(exit).as(out.toString()).isZero();
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            var m = EDGE.matcher(line);
            if (m.matches() && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return uses;
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    static List<Set<String>> loops(Map<String, Set<String>> uses) {
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        Deque<String> stack = new ArrayDeque<>();
        var onStack = new TreeSet<String>();
        var found = new ArrayList<Set<String>>();
        var nodes = new TreeSet<>(uses.keySet());
        uses.values().forEach(nodes::addAll);
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                connect(node, uses, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> uses, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : uses.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, uses, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            var component = new TreeSet<String>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
