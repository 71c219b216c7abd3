# Test registration. Unit tests: every tests/unit/test_*.c is a cmocka program linked with the core
# library. Script tests: every tests/cli/*.sh runs against the built binary. The corpus conformance
# tests read ../shared/corpus and skip (exit 77) when it is absent.
pkg_check_modules(CMOCKA QUIET IMPORTED_TARGET cmocka)
if(NOT CMOCKA_FOUND)
  message(FATAL_ERROR "cmocka not found: apt-get install libcmocka-dev")
endif()

set(SLOWDEX_SHARED "${CMAKE_SOURCE_DIR}/../shared" CACHE PATH "The shared corpus and references")

file(GLOB UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE slowdex_core PkgConfig::CMOCKA)
  target_compile_definitions(${name} PRIVATE
    SLOWDEX_SOURCE_DIR="${CMAKE_SOURCE_DIR}" SLOWDEX_SHARED_DIR="${SLOWDEX_SHARED}")
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS unit)
endforeach()

file(GLOB CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/*.sh)
foreach(script ${CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME cli/${name} COMMAND bash ${script})
  # Tests that run their own memory checker (valgrind) are named *_nosan and left out of the
  # sanitizer build.
  set(labels cli)
  if(name MATCHES "_nosan$")
    set(labels "cli;nosan")
  endif()
  set_tests_properties(cli/${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS "${labels}"
    ENVIRONMENT "SLOWDEX=$<TARGET_FILE:slowdex>;SRC=${CMAKE_SOURCE_DIR};SHARED=${SLOWDEX_SHARED};BUILD=${CMAKE_BINARY_DIR}")
endforeach()
