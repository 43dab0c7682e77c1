package dev.backprop.model;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Service;

import dev.backprop.engine.NetworkModel;
import dev.backprop.model.onnx.OnnxExporter;
import dev.backprop.system.ApiException;
import dev.backprop.system.LimitsProperties;
import tools.jackson.databind.JsonNode;

/** Export of a model as its document, and import of such a document as a new model. */
@Service
class ModelTransfer {

    private final ModelRegistry models;
    private final LimitsProperties limits;
    private final String serviceVersion;

    ModelTransfer(ModelRegistry models, LimitsProperties limits, ObjectProvider<BuildProperties> build) {
        this.models = models;
        this.limits = limits;
        BuildProperties properties = build.getIfAvailable();
        this.serviceVersion = properties != null ? properties.getVersion() : "dev";
    }

    /** By id, name (newest version) or name@alias. */
    ModelDocument export(String ref) {
        return ModelDocuments.export(models.require(ref));
    }

    /** An ONNX file and the name to save it under. */
    record OnnxFile(String filename, byte[] bytes) {
    }

    /** The model as ONNX, with its identity and provenance in the file's metadata. */
    /** @param layout null for the model's own: one tensor when every column is numeric, else one input per column */
    OnnxFile exportOnnx(String ref, OnnxExporter.InputLayout layout) {
        TrainedModel model = models.require(ref);
        var info = new OnnxExporter.ModelInfo(model.name(), model.version(), onnxMetadata(model), serviceVersion);
        byte[] bytes = layout == null ? OnnxExporter.export(model.network().parameters(), info)
                : OnnxExporter.export(model.network().parameters(), info, layout);
        return new OnnxFile(model.name() + "-v" + model.version() + ".onnx", bytes);
    }

    /** Named as in the model's JSON (id, datasetId, seed, …); absent values are left out. */
    static Map<String, String> onnxMetadata(TrainedModel model) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("id", model.id());
        metadata.put("name", model.name());
        metadata.put("version", String.valueOf(model.version()));
        metadata.put("createdAt", model.createdAt().toString());
        metadata.put("datasetId", model.datasetId());
        metadata.put("labelColumn", model.labelColumn());
        metadata.put("seed", String.valueOf(model.seed()));
        Provenance provenance = model.provenance();
        if (provenance != null) {
            metadata.put("source", provenance.source());
            metadata.put("datasetSha256", provenance.datasetSha256());
            metadata.put("jobId", provenance.jobId());
            // the build that trained the model; the file's producer_version is the build that exported it
            metadata.put("serviceVersion", provenance.serviceVersion());
            metadata.put("importedFrom", provenance.importedFrom());
        }
        return metadata;
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
