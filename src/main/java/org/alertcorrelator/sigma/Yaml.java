package org.alertcorrelator.sigma;

import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small helpers over SnakeYAML's node tree, which keeps each node's line for error messages. */
final class Yaml {
    private Yaml() {
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    static Node get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        }
        return null;
    }

    static NodeTuple tuple(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t;
        }
        return null;
    }

    static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** A scalar's text; null for a YAML null, a list or a map. */
    static String scalar(Node n) {
        if (!(n instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) return null;
        return s.getValue();
    }

    /** A scalar or a list of scalars, as nodes. */
    static List<Node> scalarOrList(Node n) {
        List<Node> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) out.addAll(seq.getValue());
        else if (n != null) out.add(n);
        return out;
    }
}
