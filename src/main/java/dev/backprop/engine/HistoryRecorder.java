package dev.backprop.engine;

import java.util.ArrayList;
import java.util.List;

/** Collects history into arrays sized up front, so recording costs no allocation per epoch. */
final class HistoryRecorder {

    static final int MAX_POINTS = 1000;

    private final int stride;
    private final int[] epochs;
    private final double[] loss;
    private final double[] accuracy;
    private final double[] validationLoss;
    private final double[] validationAccuracy;
    private int size;

    HistoryRecorder(int maxEpochs) {
        stride = Math.max(1, (maxEpochs + MAX_POINTS - 1) / MAX_POINTS);
        int capacity = maxEpochs / stride + 2;
        epochs = new int[capacity];
        loss = new double[capacity];
        accuracy = new double[capacity];
        validationLoss = new double[capacity];
        validationAccuracy = new double[capacity];
    }

    /** Whether this epoch (1-based) is one of the recorded ones. */
    boolean wants(int epoch, boolean last) {
        return last || epoch == 1 || epoch % stride == 0;
    }

    void record(int epoch, double l, double a, double vl, double va) {
        epochs[size] = epoch;
        loss[size] = l;
        accuracy[size] = a;
        validationLoss[size] = vl;
        validationAccuracy[size] = va;
        size++;
    }

    /** @param withAccuracy false for a regression, which has a loss but no accuracy */
    TrainingHistory build(boolean withValidation, boolean withAccuracy) {
        List<Integer> e = new ArrayList<>(size);
        List<Double> l = new ArrayList<>(size);
        List<Double> a = new ArrayList<>(size);
        List<Double> vl = new ArrayList<>(size);
        List<Double> va = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            e.add(epochs[i]);
            l.add(loss[i]);
            if (withAccuracy) {
                a.add(accuracy[i]);
            }
            if (withValidation) {
                vl.add(validationLoss[i]);
                if (withAccuracy) {
                    va.add(validationAccuracy[i]);
                }
            }
        }
        return new TrainingHistory(e, l, a, vl, va);
    }
}
