# CLI tests (tests/cli/*.py): each runs the zhnorm binary and exits 0, 1 (failure) or 77 (skipped).
if(TARGET zhnorm_cli)
  foreach(t usage jobs_identical gnu_parallel malformed_records input_policy explain big_pages passes progress
          json_escapes)
    add_test(NAME cli.${t}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_${t}.py --cli $<TARGET_FILE:zhnorm_cli>)
    set_tests_properties(cli.${t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
      ENVIRONMENT "ZHNORM_SHARED_DIR=${ZHNORM_SHARED_DIR}")
  endforeach()
  # The 100k-record tests each run several full passes over ~12 MB; let them share the machine.
  set_tests_properties(cli.jobs_identical cli.gnu_parallel PROPERTIES RUN_SERIAL ON)
endif()
