package io.recsys.core.popularity;

import io.recsys.core.contract.ModelLoaderContractTest;
import io.recsys.core.spi.ModelLoader;
import io.recsys.core.testing.Fixtures;
import java.nio.file.Path;

class PopularityModelLoaderContractTest extends ModelLoaderContractTest {
    @Override
    protected ModelLoader createLoader() {
        return new PopularityModelLoader();
    }

    @Override
    protected void writeValidModel(Path dir) throws Exception {
        Fixtures.writePopularity(dir, 100, 20, 50);
    }
}
