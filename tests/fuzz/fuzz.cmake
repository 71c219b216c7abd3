# libFuzzer targets, one per parser: tests/fuzz/fuzz_*.c. Built only with clang. The suite replays
# each target's seed corpus (tests/fuzz/corpus/<name>/) and then runs a fixed number of inputs with a
# fixed seed, so CI is deterministic; scripts/fuzz-long runs them for as long as you like.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "SLOWDEX_FUZZ needs clang: CC=clang cmake -DSLOWDEX_FUZZ=ON (and apt-get install clang libclang-rt-14-dev)")
endif()
set(FUZZ_RUNS 60000 CACHE STRING "Inputs each fuzz target runs in the suite, after its seeds")
file(GLOB FUZZERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${FUZZERS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE slowdex_core)
  set(seeds ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz-work/${name})
  add_test(NAME fuzz/${name}
    COMMAND ${name} -seed=1 -runs=${FUZZ_RUNS} -max_len=65536 -timeout=10 -rss_limit_mb=2048
            ${CMAKE_BINARY_DIR}/fuzz-work/${name} ${seeds})
  set_tests_properties(fuzz/${name} PROPERTIES LABELS fuzz)
endforeach()
