# Configures, builds and runs one consumer project; called by CTest (see tests/infra.cmake).
#   cmake -DKIND=find_package|add_subdirectory -DZHNORM_SOURCE_DIR=... -DZHNORM_BINARY_DIR=...
#         -DWORK_DIR=... -DCXX=... -P run.cmake
foreach(v KIND ZHNORM_SOURCE_DIR ZHNORM_BINARY_DIR WORK_DIR CXX)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run.cmake: ${v} is not set")
  endif()
endforeach()

function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${step} failed (${rc}):\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(project_dir ${CMAKE_CURRENT_LIST_DIR}/${KIND})
set(args -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX})
if(KIND STREQUAL "find_package")
  # A prefix that holds zhnorm and nothing else, so only the installed headers can be found.
  run("install" ${CMAKE_COMMAND} --install ${ZHNORM_BINARY_DIR} --prefix ${WORK_DIR}/prefix)
  if(NOT EXISTS ${WORK_DIR}/prefix/include/zhnorm/zhnorm.hpp)
    message(FATAL_ERROR "install did not place include/zhnorm/zhnorm.hpp under ${WORK_DIR}/prefix")
  endif()
  list(APPEND args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
else()
  list(APPEND args -DZHNORM_SOURCE_DIR=${ZHNORM_SOURCE_DIR})
endif()

run("configure" ${CMAKE_COMMAND} -S ${project_dir} -B ${WORK_DIR}/build ${args})
run("build" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run("run" ${WORK_DIR}/build/consumer)

# The doubled headline comes out collapsed and the body text survives.
foreach(want "社区书屋迎来夜读客" "书屋夜里也能借书了")
  string(FIND "${output}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "consumer output lacks '${want}':\n${output}")
  endif()
endforeach()
string(FIND "${output}" "社社区区" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "consumer output still holds the doubled headline:\n${output}")
endif()
message(STATUS "consumer (${KIND}) output: ${output}")
