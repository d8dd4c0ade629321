# Install rules: the program, the static libraries, the headers and the CMake package cptrules.
# find_package(cptrules) gives cptrules::interp (with <cptrules/engine.hpp>) and cptrules::lang.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS cptrules RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS cptrules_lang cptrules_interp EXPORT cptrulesTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# Every header the API reaches, flat in include/cptrules/ as the sources include each other by
# name; the PEGTL grammar and the parse-tree builder stay private to the library.
file(GLOB CPTRULES_PUBLIC_HEADERS ${PROJECT_SOURCE_DIR}/lang/*.hpp
     ${PROJECT_SOURCE_DIR}/interpreter/include/cptrules/*.hpp)
foreach(folder ${CPTRULES_INTERP_FOLDERS})
  file(GLOB headers ${PROJECT_SOURCE_DIR}/interpreter/${folder}/*.hpp)
  list(APPEND CPTRULES_PUBLIC_HEADERS ${headers})
endforeach()
list(FILTER CPTRULES_PUBLIC_HEADERS EXCLUDE REGEX "/(grammar|grammar_errors|ast_builder)\\.hpp$")
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
