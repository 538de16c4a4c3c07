package io.recsys.als;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.contract.ModelLoaderContractTest;
import io.recsys.core.spi.ModelLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** The model loader contract, run against both loaders this module ships. */
class AlsModelLoaderContractTests {
    private static final AlsHyperparameters SMALL = AlsHyperparameters.builder().factors(4).iterations(2).seed(3).build();

    private static Interactions data() {
        return SyntheticData.ofShape(60, 40, 800).generate();
    }

    @Nested
    class Als extends ModelLoaderContractTest {
        @Override
        protected ModelLoader createLoader() {
            return new AlsModelLoader();
        }

        @Override
        protected void writeValidModel(Path dir) throws Exception {
            AlsArtifacts.write(dir, new AlsTrainer(SMALL).fit(data()), Map.of());
        }
    }

    @Nested
    class Hybrid extends ModelLoaderContractTest {
        @Override
        protected ModelLoader createLoader() {
            return new HybridModelLoader();
        }

        @Override
        protected void writeValidModel(Path dir) throws Exception {
            HybridArtifacts.write(dir, new HybridTrainer(SMALL, SequenceHyperparameters.defaults()).fit(data()), Map.of(),
                    Map.of());
        }
    }
}
