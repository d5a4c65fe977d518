{
  # Node-API addon: ABI-stable across Node versions, so one build serves Node 20 and 22.
  # -O3 only: no -march, so the binary runs on any x86-64 (CI machines differ); the 64x64->128
  # multiplications compile to mul/adc.
  "targets": [
    {
      "target_name": "zkvault_engine",
      "sources": ["src/native/binding.cc"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-Wall", "-Wextra"],
      "cflags!": ["-O2"],
      "ldflags": ["-pthread"]
    }
  ]
}
