# Issue 3: paragraphs rebuilt across wraps and column breaks, headlines and credits standing alone.
# Reached 1.0 boundary_f1 and 1.0 headline_f1 on every sample page; the floors leave a small margin.
if(TARGET zhnorm_cli)
  add_test(NAME corpus.line_join COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus_gate.py
    --cli $<TARGET_FILE:zhnorm_cli> --shared ${ZHNORM_SHARED_DIR}
    --min boundary_f1=0.98 --min headline_f1=0.97 --max char_errors=0)
  set_tests_properties(corpus.line_join PROPERTIES SKIP_RETURN_CODE 77)
endif()
