# Issue 4: extraction spaces removed, field spaces kept, punctuation and letter widths right.
# Both figures are 0 with the real line-join (572 space and 123 width errors without the pass).
if(TARGET zhnorm_cli)
  add_test(NAME corpus.fullwidth_spacing COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus_gate.py
    --cli $<TARGET_FILE:zhnorm_cli> --shared ${ZHNORM_SHARED_DIR} --max space_errors=0 --max width_errors=0)
  set_tests_properties(corpus.fullwidth_spacing PROPERTIES SKIP_RETURN_CODE 77)
endif()
