import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.util.Locale;

import hex.deeplearning.DeepLearning;
import hex.deeplearning.DeepLearningModel;
import hex.deeplearning.DeepLearningModel.DeepLearningParameters;
import water.H2O;
import water.Key;
import water.fvec.Frame;
import water.fvec.Vec;
import water.util.FrameUtils;

/**
 * H2O-3's deep learning with its defaults, the peer of bench/quality.py. Not part of the service build:
 * bench/quality.py runs it in Java's source-file mode on a class path of ai.h2o:h2o-core, h2o-algos and
 * h2o-jetty-9 3.44.0.1 that it resolves in a throwaway Maven project under /tmp.
 *
 * <p>Reads one job a line on standard input, {@code name train.csv test.csv labelColumn task seed}, trains
 * {@code DeepLearning} on the train file with every parameter at its default but the response column and the
 * seed (a numeric response is a regression; a classification's text response parses as categorical), scores
 * the test file and prints {@code RESULT name seed score seconds}: accuracy, or R² for a regression.
 */
public class QualityH2o {

    public static void main(String[] args) throws Exception {
        H2O.main(new String[] {"-name", "quality-" + ProcessHandle.current().pid(), "-ip", "127.0.0.1", "-port",
                args.length > 0 ? args[0] : "54421", "-log_level", "WARN"});
        H2O.waitForCloudSize(1, 60_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            String[] job = line.trim().split("\\s+");
            run(job[0], job[1], job[2], job[3], job[4], Long.parseLong(job[5]));
        }
        H2O.orderlyShutdown();
        System.exit(0);
    }

    static void run(String name, String trainCsv, String testCsv, String label, String task, long seed)
            throws Exception {
        Frame train = FrameUtils.parseFrame(Key.make(name + "_train_" + seed), new File(trainCsv));
        Frame test = FrameUtils.parseFrame(Key.make(name + "_test_" + seed), new File(testCsv));
        // a column the test file happens to hold only numbers in is categorical if training made it so
        for (String column : train.names()) {
            Vec t = test.vec(column);
            if (train.vec(column).isCategorical() && t.isNumeric()) {
                test.replace(test.find(column), t.toCategoricalVec()).remove();
            }
        }
        boolean classification = task.equals("classification");
        if (classification && !train.vec(label).isCategorical()) {
            throw new IllegalStateException(name + ": label '" + label + "' did not parse as categorical");
        }
        DeepLearningParameters p = new DeepLearningParameters();
        p._train = train._key;
        p._response_column = label;
        p._seed = seed;
        long started = System.nanoTime();
        DeepLearningModel model = new DeepLearning(p).trainModel().get();
        double seconds = (System.nanoTime() - started) / 1e9;
        Frame scored = model.score(test);
        Vec predicted = scored.vec("predict");
        Vec actual = test.vec(label);
        long n = test.numRows();
        double score;
        if (classification) {
            String[] predictedDomain = predicted.domain();
            String[] actualDomain = actual.domain();
            long right = 0;
            for (long r = 0; r < n; r++) {
                if (predictedDomain[(int) predicted.at8(r)].equals(actualDomain[(int) actual.at8(r)])) {
                    right++;
                }
            }
            score = (double) right / n;
        } else {
            double mean = actual.mean();
            double residual = 0;
            double total = 0;
            for (long r = 0; r < n; r++) {
                double y = actual.at(r);
                residual += (y - predicted.at(r)) * (y - predicted.at(r));
                total += (y - mean) * (y - mean);
            }
            score = 1 - residual / total;
        }
        System.out.printf(Locale.ROOT, "RESULT %s %d %.6f %.2f hidden=%s epochs=%s%n", name, seed, score, seconds,
                java.util.Arrays.toString(p._hidden), p._epochs);
        System.out.flush();
        scored.delete();
        model.delete();
        train.delete();
        test.delete();
    }
}
