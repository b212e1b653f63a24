# LibTorch sanity: the std::string ABI of LibTorch must match the rest of the
# program (Qt and Debian's libraries use the C++11 ABI).
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  message(FATAL_ERROR
    "The LibTorch at ${Torch_DIR} was built with the pre-C++11 string ABI, "
    "which cannot link with Qt or OpenCV from your distribution. Download the "
    "'cxx11 ABI' variant of LibTorch and point Torch_DIR at it.")
endif()
if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES)
  set(SDSTUDIO_TORCH_HAS_CUDA ON)
else()
  set(SDSTUDIO_TORCH_HAS_CUDA OFF)
  set(SDSTUDIO_TORCH_CUDA_VERSION "")
endif()
# The CUDA version for core/util/build_info.h (the GPU probe's requirements):
# the wheel's import sets it; Torch's CMake config leaves CUDA_VERSION.
if(SDSTUDIO_TORCH_HAS_CUDA AND NOT SDSTUDIO_TORCH_CUDA_VERSION)
  string(REGEX MATCH "^[0-9]+\\.[0-9]+" SDSTUDIO_TORCH_CUDA_VERSION "${CUDA_VERSION}")
endif()
message(STATUS "LibTorch: ${Torch_DIR} (CUDA: ${SDSTUDIO_TORCH_HAS_CUDA} ${SDSTUDIO_TORCH_CUDA_VERSION} ${SDSTUDIO_TORCH_CUDA_ARCHS})")
# Torch_DIR alone is not enough where a second LibTorch is installed in a
# system folder (Debian's libtorch-dev): TorchConfig.cmake finds its libraries
# with find_library, which searches /usr/lib before its hint, and the program
# would link one LibTorch's headers against another's libraries.
get_filename_component(sdstudio_torch_lib_dir "${TORCH_LIBRARY}" DIRECTORY)
get_filename_component(sdstudio_torch_prefix "${TORCH_INSTALL_PREFIX}" REALPATH)
get_filename_component(sdstudio_torch_lib_dir "${sdstudio_torch_lib_dir}" REALPATH)
string(FIND "${sdstudio_torch_lib_dir}/" "${sdstudio_torch_prefix}/lib/" sdstudio_torch_lib_at)
if(NOT sdstudio_torch_lib_at EQUAL 0)
  message(FATAL_ERROR
    "LibTorch's CMake config is in ${sdstudio_torch_prefix}, but its library was found at ${TORCH_LIBRARY}: "
    "another LibTorch is installed in a system folder. Pass the LibTorch folder itself as "
    "-DCMAKE_PREFIX_PATH=${sdstudio_torch_prefix} (not Torch_DIR or torch.utils.cmake_prefix_path).")
endif()

# The PyPI wheel's libtorch.so exports its own copies of libstdc++'s
# std::filesystem functions (built against a newer libstdc++ than the one it
# targets, the difference is linked in and exported). A program that lists
# libtorch.so before libstdc++.so.6 in its needed libraries calls those
# copies, and std::filesystem::remove_all crashed through a null pointer
# there. libstdc++ first makes every program use the system's own.
add_link_options("LINKER:--push-state,--no-as-needed,-lstdc++,--pop-state")
