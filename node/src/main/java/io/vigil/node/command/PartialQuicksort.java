package io.vigil.node.command;

import java.util.Comparator;

/**
 * Redis's pqsort (NetBSD's Bentley-McIlroy quicksort, changed to skip partitions outside a range),
 * used by SORT ... BY pattern LIMIT: only positions {@code [left, right]} end up sorted, and
 * elements that compare equal end up in exactly the order Redis leaves them.
 */
final class PartialQuicksort {
    private PartialQuicksort() {
    }

    static <T> void sort(T[] a, int n, Comparator<? super T> cmp, int left, int right) {
        sort(a, 0, n, cmp, left, right);
    }

    /** Whether the segment {@code [base, base + count)} touches the range. */
    private static boolean touches(int base, int count, int left, int right) {
        return !(right < base || left >= base + count);
    }

    private static <T> void sort(T[] a, int base, int n, Comparator<? super T> cmp, int left, int right) {
        while (true) {
            boolean swapped = false;
            if (n < 7) {
                insertionSort(a, base, n, cmp);
                return;
            }
            int pm = base + n / 2;
            if (n > 7) {
                int pl = base;
                int pn = base + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, base, pm);
            int pa = base + 1;
            int pb = pa;
            int pc = base + n - 1;
            int pd = pc;
            while (true) {
                int result;
                while (pb <= pc && (result = cmp.compare(a[pb], a[base])) <= 0) {
                    if (result == 0) {
                        swapped = true;
                        swap(a, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (result = cmp.compare(a[pc], a[base])) >= 0) {
                    if (result == 0) {
                        swapped = true;
                        swap(a, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(a, pb, pc);
                swapped = true;
                pb++;
                pc--;
            }
            if (!swapped) {
                insertionSort(a, base, n, cmp);
                return;
            }
            int pn = base + n;
            int r = Math.min(pa - base, pb - pa);
            vecswap(a, base, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(a, pb, pn - r, r);
            if ((r = pb - pa) > 1 && touches(base, r, left, right)) {
                sort(a, base, r, cmp, left, right);
            }
            if ((r = pd - pc) > 1) {
                // iterate rather than recurse, as the original
                base = pn - r;
                n = r;
                if (touches(base, n, left, right)) {
                    continue;
                }
            }
            return;
        }
    }

    private static <T> void insertionSort(T[] a, int base, int n, Comparator<? super T> cmp) {
        for (int pm = base + 1; pm < base + n; pm++) {
            for (int pl = pm; pl > base && cmp.compare(a[pl - 1], a[pl]) > 0; pl--) {
                swap(a, pl, pl - 1);
            }
        }
    }

    private static <T> int med3(T[] a, int x, int y, int z, Comparator<? super T> cmp) {
        return cmp.compare(a[x], a[y]) < 0
                ? (cmp.compare(a[y], a[z]) < 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? z : x))
                : (cmp.compare(a[y], a[z]) > 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? x : z));
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void vecswap(T[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(a, i + k, j + k);
        }
    }
}
