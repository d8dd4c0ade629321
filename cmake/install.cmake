# Install rules: the program, the static libraries, the headers and the CMake package cptrules.
# find_package(cptrules) gives cptrules::interp (with <cptrules/engine.hpp>) and cptrules::lang.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS cptrules RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS cptrules_lang cptrules_interp EXPORT cptrulesTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The public headers: <cptrules/engine.hpp> and the value types it reads and writes, flat in
# include/cptrules/ as they include each other by name. The rest of the library (plan, evaluator,
# pipeline, parser) stays private: engine.hpp only forward-declares it. tests/install_test.sh
# builds examples/embedding against exactly these.
set(CPTRULES_PUBLIC_HEADERS
    ${PROJECT_SOURCE_DIR}/interpreter/include/cptrules/engine.hpp
    ${PROJECT_SOURCE_DIR}/interpreter/evaluate/encounter.hpp
    ${PROJECT_SOURCE_DIR}/interpreter/evaluate/clock_overlap.hpp
    ${PROJECT_SOURCE_DIR}/interpreter/evaluate/eval_options.hpp
    ${PROJECT_SOURCE_DIR}/interpreter/evaluate/result.hpp
    ${PROJECT_SOURCE_DIR}/interpreter/explain/explanation.hpp
    ${PROJECT_SOURCE_DIR}/interpreter/rules/day.hpp
    ${PROJECT_SOURCE_DIR}/lang/date.hpp)
install(FILES ${CPTRULES_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cptrules)

set(CPTRULES_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cptrules)
install(EXPORT cptrulesTargets NAMESPACE cptrules:: DESTINATION ${CPTRULES_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cptrulesConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/cptrulesConfig.cmake
                              INSTALL_DESTINATION ${CPTRULES_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cptrulesConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cptrulesConfig.cmake
              ${PROJECT_BINARY_DIR}/cptrulesConfigVersion.cmake
        DESTINATION ${CPTRULES_CMAKE_DIR})
