# Build- and packaging-level tests: consumer projects, the fuzz invariants replayed over the seed
# corpus, and smoke runs of the bench and the libFuzzer binary when those are built.
# Included from tests/CMakeLists.txt; runs in that directory's scope.

# Consumers: an installed package found with find_package, and the source tree added with
# add_subdirectory. Each configures, builds and runs a tiny project (slow-ish: ~15 s each).
if(ZHNORM_INSTALL)
  add_test(NAME consumer.find_package
    COMMAND ${CMAKE_COMMAND} -DKIND=find_package -DZHNORM_SOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DZHNORM_BINARY_DIR=${PROJECT_BINARY_DIR} -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer-find_package
            -DCXX=${CMAKE_CXX_COMPILER} -P ${CMAKE_CURRENT_SOURCE_DIR}/consumers/run.cmake)
  set_tests_properties(consumer.find_package PROPERTIES LABELS consumer TIMEOUT 300)
endif()
add_test(NAME consumer.add_subdirectory
  COMMAND ${CMAKE_COMMAND} -DKIND=add_subdirectory -DZHNORM_SOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DZHNORM_BINARY_DIR=${PROJECT_BINARY_DIR} -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer-add_subdirectory
          -DCXX=${CMAKE_CXX_COMPILER} -P ${CMAKE_CURRENT_SOURCE_DIR}/consumers/run.cmake)
set_tests_properties(consumer.add_subdirectory PROPERTIES LABELS consumer TIMEOUT 300)

# The fuzz target's invariants, built with the project's compiler and flags (so also under
# ZHNORM_SANITIZE) by a plain main() that feeds it each seed file: no clang needed.
add_executable(zhnorm_fuzz_replay ${PROJECT_SOURCE_DIR}/fuzz/zhnorm_fuzz.cpp ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
target_link_libraries(zhnorm_fuzz_replay PRIVATE zhnorm::zhnorm zhnorm_dev_flags)
target_include_directories(zhnorm_fuzz_replay PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_test(NAME fuzz.replay COMMAND zhnorm_fuzz_replay ${PROJECT_SOURCE_DIR}/fuzz/corpus)

# fuzz/ and bench/ are added after tests/, so test the options rather than the targets.
if(ZHNORM_BUILD_FUZZ)
  # -runs=0: execute every seed once, no mutation.
  add_test(NAME fuzz.smoke COMMAND zhnorm_fuzz -runs=0 -artifact_prefix=${CMAKE_CURRENT_BINARY_DIR}/fuzz-smoke-
           ${PROJECT_SOURCE_DIR}/fuzz/corpus)
endif()
if(ZHNORM_BUILD_BENCH)
  # Every benchmark runs exactly once: it must work, the figures mean nothing.
  add_test(NAME bench.smoke COMMAND zhnorm_bench --smoke)
  set_tests_properties(bench.smoke PROPERTIES TIMEOUT 600)
endif()

# The custom-pass example (a user pass appended to the default pipeline) runs and prints the
# collapsed headline.
if(TARGET zhnorm_custom_pass)
  add_test(NAME example.custom_pass COMMAND zhnorm_custom_pass)
  set_tests_properties(example.custom_pass PROPERTIES PASS_REGULAR_EXPRESSION "headline: 党员干部")
endif()
