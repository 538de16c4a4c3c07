package io.recsys.als;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.Recommender;
import io.recsys.core.contract.RecommenderContractTest;

class AlsRecommenderContractTest extends RecommenderContractTest {
    private static final Interactions DATA = SyntheticData.ofShape(200, 150, 4_000).generate();
    private static final Recommender MODEL = new AlsTrainer(
            AlsHyperparameters.builder().factors(8).iterations(3).threads(1).build()).fit(DATA).toRecommender();

    @Override
    protected Recommender createRecommender() {
        return MODEL;
    }

    @Override
    protected long knownUser() {
        return DATA.users().id(0);
    }

    @Override
    protected long seenItemOfKnownUser() {
        return DATA.items().id(DATA.byUser().column(DATA.byUser().start(0)));
    }
}
