package io.recsys.examples.cli;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import java.util.HashMap;
import java.util.Map;

/**
 * The offline evaluation's leave-last-out split, for replaying it online: each user's latest
 * interaction (by timestamp; the later row on ties) is held out, the rest is the training data.
 * Users with a single interaction are kept whole in training and hold nothing out.
 *
 * @param train the interactions a model may be trained on
 * @param heldOut user id to the held-out item id
 */
record LeaveLastOut(Interactions train, Map<Long, Long> heldOut) {

    static LeaveLastOut split(Interactions all) {
        CsrMatrix m = all.byUser();
        var train = Interactions.builder();
        var held = new HashMap<Long, Long>();
        for (int u = 0; u < m.rows(); u++) {
            long user = all.users().id(u);
            int last = -1;
            if (m.rowLength(u) >= 2) {
                last = m.start(u);
                for (int p = m.start(u); p < m.end(u); p++) {
                    long tp = m.hasTimestamps() ? m.timestamp(p) : 0;
                    long tl = m.hasTimestamps() ? m.timestamp(last) : 0;
                    if (tp >= tl) {
                        last = p;
                    }
                }
                held.put(user, all.items().id(m.column(last)));
            }
            for (int p = m.start(u); p < m.end(u); p++) {
                if (p != last) {
                    train.add(user, all.items().id(m.column(p)), m.value(p), m.hasTimestamps() ? m.timestamp(p) : 0);
                }
            }
        }
        return new LeaveLastOut(train.build(), Map.copyOf(held));
    }
}
