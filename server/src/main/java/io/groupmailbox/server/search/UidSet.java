package io.groupmailbox.server.search;

import java.util.Arrays;
import java.util.stream.LongStream;

import org.apache.james.mailbox.model.SearchQuery.UidRange;

/** An immutable set of message UIDs, sorted, for combining the parts of a SEARCH in O(size). */
final class UidSet {

    static final UidSet EMPTY = new UidSet(new long[0]);

    private final long[] uids;

    private UidSet(long[] sortedDistinct) {
        this.uids = sortedDistinct;
    }

    static UidSet of(long[] uids, int length) {
        long[] sorted = Arrays.copyOf(uids, length);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return new UidSet(distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct));
    }

    static UidSet of(long... uids) {
        return of(uids, uids.length);
    }

    int size() {
        return uids.length;
    }

    boolean contains(long uid) {
        return Arrays.binarySearch(uids, uid) >= 0;
    }

    LongStream stream() {
        return Arrays.stream(uids);
    }

    UidSet and(UidSet other) {
        long[] result = new long[Math.min(uids.length, other.uids.length)];
        int count = 0;
        for (int i = 0, j = 0; i < uids.length && j < other.uids.length; ) {
            if (uids[i] < other.uids[j]) {
                i++;
            } else if (uids[i] > other.uids[j]) {
                j++;
            } else {
                result[count++] = uids[i];
                i++;
                j++;
            }
        }
        return new UidSet(Arrays.copyOf(result, count));
    }

    UidSet or(UidSet other) {
        long[] result = new long[uids.length + other.uids.length];
        int count = 0;
        int i = 0;
        int j = 0;
        while (i < uids.length || j < other.uids.length) {
            if (j == other.uids.length || (i < uids.length && uids[i] < other.uids[j])) {
                result[count++] = uids[i++];
            } else if (i == uids.length || other.uids[j] < uids[i]) {
                result[count++] = other.uids[j++];
            } else {
                result[count++] = uids[i];
                i++;
                j++;
            }
        }
        return new UidSet(Arrays.copyOf(result, count));
    }

    UidSet minus(UidSet other) {
        long[] result = new long[uids.length];
        int count = 0;
        for (int i = 0, j = 0; i < uids.length; i++) {
            while (j < other.uids.length && other.uids[j] < uids[i]) {
                j++;
            }
            if (j == other.uids.length || other.uids[j] != uids[i]) {
                result[count++] = uids[i];
            }
        }
        return new UidSet(Arrays.copyOf(result, count));
    }

    /** The UIDs of this set that fall in one of the ranges. */
    UidSet within(UidRange[] ranges) {
        return new UidSet(Arrays.stream(uids)
            .filter(uid -> Arrays.stream(ranges).anyMatch(range -> range.getLowValue().asLong() <= uid && uid <= range.getHighValue().asLong()))
            .toArray());
    }
}
