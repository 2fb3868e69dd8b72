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
 * For the ASCII characters the texts hold, each node's next node is precomputed (one array read a character of the
 * text, the automaton of the trie and its suffix links); any other character of the text goes back to the start
 * when no text holds it, else follows the trie and the suffix links. Characters are compared exactly; callers
 * lower-case both sides alike.
 */
public final class Substrings {

    /** Per node: its children's characters (sorted) and nodes. */
    private final char[][] labels;
    private final int[][] children;
    private final int[] fail;
    /** Per node: the texts found when the pass reaches it. */
    private final int[][] found;
    /** Per ASCII character: its column in {@link #next}; 0 for one no text holds. */
    private final int[] column;
    private final int columns;
    /** The next node of node {@code n} on an ASCII character: {@code next[n * columns + column[c]]}. */
    private final int[] next;

    private Substrings(char[][] labels, int[][] children, int[] fail, int[][] found, int[] column, int columns,
                       int[] next) {
        this.labels = labels;
        this.children = children;
        this.fail = fail;
        this.found = found;
        this.column = column;
        this.columns = columns;
        this.next = next;
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
        int[] breadthFirst = new int[n];
        int visited = 1; // the root first
        for (int child : children[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) { // breadth first: a node's suffix is done before the node
            int node = queue.poll();
            breadthFirst[visited++] = node;
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
        int[] column = new int[128];
        int columns = 1;
        for (String text : texts) {
            for (char c : text.toCharArray()) {
                if (c < 128 && column[c] == 0) {
                    column[c] = columns++;
                }
            }
        }
        int[] next = new int[n * columns];
        for (int i = 0; i < n; i++) { // a node's suffix before the node: its row is done when the node's is made
            int node = breadthFirst[i];
            for (char c = 0; c < 128; c++) {
                if (column[c] != 0) {
                    int child = step(labels, children, node, c);
                    next[node * columns + column[c]] = child >= 0 ? child
                            : node == 0 ? 0 : next[fail[node] * columns + column[c]];
                }
            }
        }
        return new Substrings(labels, children, fail, found, column, columns, next);
    }

    /** The node after {@code c}: one array read for an ASCII character, the trie and its failure links otherwise. */
    private int advance(int node, char c) {
        if (c < 128) {
            return next[node * columns + column[c]];
        }
        int child = step(labels, children, node, c);
        while (child < 0 && node != 0) {
            node = fail[node];
            child = step(labels, children, node, c);
        }
        return child < 0 ? 0 : child;
    }

    /** Calls {@code hit} with each text that occurs in {@code text} (a text occurring several times, as often). */
    public void find(String text, IntConsumer hit) {
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            node = advance(node, text.charAt(i));
            for (int t : found[node]) {
                hit.accept(t);
            }
        }
    }

    /** Whether any of the texts occurs in {@code text}: the same pass as {@link #find}, ending at the first. */
    public boolean occursIn(String text) {
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            node = advance(node, text.charAt(i));
            if (found[node].length > 0) {
                return true;
            }
        }
        return false;
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
