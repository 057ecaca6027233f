namespace ExpoMatch.Matching.Selection;

/// <summary>Binary min-heap of (key, node) with ties broken by node, so pops are deterministic.</summary>
internal sealed class MinHeap
{
    private long[] keys = new long[64];
    private int[] nodes = new int[64];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Push(long key, int node)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, Count * 2);
            Array.Resize(ref nodes, Count * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var up = (i - 1) >> 1;
            if (!Less(key, node, keys[up], nodes[up]))
            {
                break;
            }

            keys[i] = keys[up];
            nodes[i] = nodes[up];
            i = up;
        }

        keys[i] = key;
        nodes[i] = node;
    }

    public (long Key, int Node) Pop()
    {
        var top = (keys[0], nodes[0]);
        var key = keys[--Count];
        var node = nodes[Count];
        var i = 0;
        while (true)
        {
            var c = (2 * i) + 1;
            if (c >= Count)
            {
                break;
            }

            if (c + 1 < Count && Less(keys[c + 1], nodes[c + 1], keys[c], nodes[c]))
            {
                c++;
            }

            if (!Less(keys[c], nodes[c], key, node))
            {
                break;
            }

            keys[i] = keys[c];
            nodes[i] = nodes[c];
            i = c;
        }

        keys[i] = key;
        nodes[i] = node;
        return top;
    }

    private static bool Less(long k1, int n1, long k2, int n2) => k1 < k2 || (k1 == k2 && n1 < n2);
}
