// The target that owns the precompiled LibTorch header (model/CMakeLists.txt).
