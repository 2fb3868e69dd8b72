package io.securitylake.subscriber.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Which of a fixed set of texts occur in a text, in one pass over it (Aho-Corasick): the texts' trie, each node's
 * longest proper suffix that is also in the trie, and the texts that end at each node (its own and its suffixes').
 * Characters are compared exactly; callers lower-case both sides alike.
 */
public final class Substrings {

    /** Per node: its children's characters (sorted) and nodes. */
    private final char[][] labels;
    private final int[][] children;
    private final int[] fail;
    /** Per node: the texts found when the pass reaches it. */
    private final int[][] found;

    private Substrings(char[][] labels, int[][] children, int[] fail, int[][] found) {
        this.labels = labels;
        this.children = children;
        this.fail = fail;
        this.found = found;
    }

    /** The matcher of {@code texts}; text {@code i} is reported as {@code i}. Each text is non-empty. */
    public static Substrings of(List<String> texts) {
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        trie.add(new TreeMap<>());
        ends.add(new ArrayList<>());
        for (int t = 0; t < texts.size(); t++) {
            int node = 0;
            for (char c : texts.get(t).toCharArray()) {
                Integer next = trie.get(node).get(c);
                if (next == null) {
                    next = trie.size();
                    trie.add(new TreeMap<>());
                    ends.add(new ArrayList<>());
                    trie.get(node).put(c, next);
                }
                node = next;
            }
            ends.get(node).add(t);
        }
        int n = trie.size();
        char[][] labels = new char[n][];
        int[][] children = new int[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = new char[trie.get(i).size()];
            children[i] = new int[trie.get(i).size()];
            int k = 0;
            for (var e : trie.get(i).entrySet()) {
                labels[i][k] = e.getKey();
                children[i][k++] = e.getValue();
            }
        }
        int[] fail = new int[n];
        int[][] found = new int[n][];
        found[0] = ends.get(0).stream().mapToInt(Integer::intValue).toArray();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : children[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) { // breadth first: a node's suffix is done before the node
            int node = queue.poll();
            int[] own = ends.get(node).stream().mapToInt(Integer::intValue).toArray();
            int[] inherited = found[fail[node]];
            found[node] = inherited.length == 0 ? own : concat(own, inherited);
            for (int k = 0; k < labels[node].length; k++) {
                int child = children[node][k];
                char c = labels[node][k];
                int f = fail[node];
                int next = step(labels, children, f, c);
                while (next < 0 && f != 0) {
                    f = fail[f];
                    next = step(labels, children, f, c);
                }
                fail[child] = next < 0 || next == child ? 0 : next;
                queue.add(child);
            }
        }
        return new Substrings(labels, children, fail, found);
    }

    /** Calls {@code hit} with each text that occurs in {@code text} (a text occurring several times, as often). */
    public void find(String text, IntConsumer hit) {
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next = step(labels, children, node, c);
            while (next < 0 && node != 0) {
                node = fail[node];
                next = step(labels, children, node, c);
            }
            node = next < 0 ? 0 : next;
            for (int t : found[node]) {
                hit.accept(t);
            }
        }
    }

    private static int step(char[][] labels, int[][] children, int node, char c) {
        int k = Arrays.binarySearch(labels[node], c);
        return k < 0 ? -1 : children[node][k];
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
