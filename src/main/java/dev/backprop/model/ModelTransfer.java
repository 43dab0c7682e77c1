package dev.backprop.model;

import org.springframework.stereotype.Service;

import dev.backprop.engine.NetworkModel;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;
import tools.jackson.databind.JsonNode;

/** Export of a model as its document, and import of such a document as a new model. */
@Service
class ModelTransfer {

    private final ModelRegistry models;
    private final LimitsProperties limits;

    ModelTransfer(ModelRegistry models, LimitsProperties limits) {
        this.models = models;
        this.limits = limits;
    }

    /** By id, or by name for its newest version. */
    ModelDocument export(String idOrName) {
        return ModelDocuments.export(models.require(idOrName));
    }

    /**
     * Registers the document's network as a new model: a new id, the next version of its name
     * (or of {@code rename}), provenance source {@code import}.
     */
    TrainedModel importDocument(JsonNode body, String rename) {
        ModelDocument document = ModelDocuments.read(body);
        NetworkModel network = NetworkModel.of(ModelDocuments.parameters(document));
        if (network.parameterCount() > limits.parametersPerNetwork()) {
            throw ApiException.badRequest("the network has " + network.parameterCount() + " parameters, more than "
                    + limits.parametersPerNetwork() + " (backprop.limits.parameters-per-network)");
        }
        String name = rename != null ? rename : document.name();
        if (name == null) {
            throw ApiException.badRequest("name is required: give it in the document or as query parameter 'name'");
        }
        Provenance original = document.provenance();
        Provenance provenance = original == null
                ? new Provenance("import", null, null, 0, 0, false, 0, null, document.id(), null, null, null)
                : new Provenance("import", original.datasetSha256(), original.jobId(), original.epochsRun(),
                        original.bestEpoch(), original.stoppedEarly(), original.trainingMillis(),
                        original.serviceVersion(), document.id(), original.threads(), original.javaVersion(),
                        original.osArch());
        return models.register(new ModelRegistry.Draft(name, document.datasetId(), document.labelColumn(),
                document.config(), document.metrics(), ModelDocuments.history(document), provenance, network));
    }
}
