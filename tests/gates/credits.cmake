# Issue 5: bylines and photo credits found as people, credit blocks split and merged right.
if(TARGET zhnorm_cli)
  add_test(NAME corpus.credits COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus_gate.py
    --cli $<TARGET_FILE:zhnorm_cli> --shared ${ZHNORM_SHARED_DIR} --min people_f1=0.97 --min block_exact_f1=0.90)
  set_tests_properties(corpus.credits PROPERTIES SKIP_RETURN_CODE 77)
endif()
