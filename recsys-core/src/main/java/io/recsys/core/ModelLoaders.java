package io.recsys.core;

import io.recsys.core.spi.ModelLoader;
import io.recsys.core.spi.Providers;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/** Finds the {@link ModelLoader} for a version's {@code model_name} among those discovered. */
public final class ModelLoaders {
    private final List<ModelLoader> loaders;

    private ModelLoaders(List<ModelLoader> loaders) {
        this.loaders = List.copyOf(loaders);
    }

    /** @return the loaders visible to the library's class loader */
    public static ModelLoaders discover() {
        return new ModelLoaders(Providers.load(ModelLoader.class, ModelLoaders.class.getClassLoader()));
    }

    /**
     * @param loaders explicit loaders (no discovery)
     * @return a lookup over exactly these loaders
     */
    public static ModelLoaders of(List<ModelLoader> loaders) {
        return new ModelLoaders(loaders);
    }

    /** @return the model names that can be loaded, sorted */
    public List<String> modelNames() {
        var names = new TreeSet<String>();
        loaders.forEach(l -> names.add(l.modelName()));
        return List.copyOf(names);
    }

    /**
     * Loads a registered version with the loader for its model name.
     *
     * @param version the version
     * @return the loaded model
     * @throws ModelLoadException when no loader knows the model name or loading fails
     * @throws InvalidArtifactException when the files are malformed
     */
    public Recommender load(RegisteredVersion version) {
        String name = version.metadata().modelName();
        for (var loader : loaders) {
            if (loader.modelName().equals(name)) {
                try {
                    return loader.load(version);
                } catch (IOException e) {
                    throw new InvalidArtifactException("Cannot read model " + version.version() + " (" + name + ") from "
                            + version.artifactDir() + ": " + e, e);
                } catch (RecsysException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new ModelLoadException("Loader for '" + name + "' failed on " + version.version() + ": " + e, e);
                }
            }
        }
        throw new ModelLoadException("No model loader for model_name '" + name + "' of " + version.version()
                + "; known: " + String.join(", ", modelNames()));
    }
}
