# Installing LatentLab like any desktop application (GNUInstallDirs): both executables, the
# shipped data and models, desktop integration under one application id, man pages made from
# --help, and a .deb (CPack; `cpack --preset deb`, see README.md).

# ---- Executables, data and models -----------------------------------------------------------
install(TARGETS latentlab-cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
if(LATENTLAB_BUILD_GUI)
  install(TARGETS latentlab RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
# core/io/resource_paths.cpp finds these relative to the executables.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/data" "${PROJECT_SOURCE_DIR}/resources/models"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/latentlab")
# The package's own name, not PROJECT_NAME (GNUInstallDirs' DOCDIR would be doc/LatentLab).
set(LATENTLAB_DOC_DIR "${CMAKE_INSTALL_DATADIR}/doc/latentlab")
install(FILES "${PROJECT_SOURCE_DIR}/resources/linux/copyright" DESTINATION "${LATENTLAB_DOC_DIR}")

# ---- Desktop integration, all named by LATENTLAB_APP_ID ----------------------------------------
set(linux_out "${PROJECT_BINARY_DIR}/linux")
configure_file("${PROJECT_SOURCE_DIR}/resources/linux/latentlab.desktop.in"
               "${linux_out}/${LATENTLAB_APP_ID}.desktop" @ONLY)
configure_file("${PROJECT_SOURCE_DIR}/resources/linux/latentlab.metainfo.xml.in"
               "${linux_out}/${LATENTLAB_APP_ID}.metainfo.xml" @ONLY)
configure_file("${PROJECT_SOURCE_DIR}/resources/linux/latentlab-mime.xml.in"
               "${linux_out}/${LATENTLAB_APP_ID}.xml" @ONLY)
configure_file("${PROJECT_SOURCE_DIR}/resources/linux/changelog.in" "${linux_out}/changelog"
               @ONLY)
if(LATENTLAB_BUILD_GUI)
  install(FILES "${linux_out}/${LATENTLAB_APP_ID}.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${linux_out}/${LATENTLAB_APP_ID}.metainfo.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
  install(FILES "${linux_out}/${LATENTLAB_APP_ID}.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages")
  install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/latentlab.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
          RENAME "${LATENTLAB_APP_ID}.svg")
endif()

# ---- Compressed files: man pages from --help (help2man), the changelog -----------------------
find_program(LATENTLAB_GZIP gzip)
find_program(LATENTLAB_HELP2MAN help2man)
set(compressed "${linux_out}/changelog.gz")
add_custom_command(OUTPUT "${linux_out}/changelog.gz"
  COMMAND "${LATENTLAB_GZIP}" -9nkf "${linux_out}/changelog"
  DEPENDS "${linux_out}/changelog" VERBATIM)
install(FILES "${linux_out}/changelog.gz" DESTINATION "${LATENTLAB_DOC_DIR}")

function(latentlab_man_page target summary)
  set(page "${linux_out}/${target}.1")
  # SOURCE_DATE_EPOCH: the page carries the release date, not the build's.
  add_custom_command(OUTPUT "${page}.gz"
    COMMAND "${CMAKE_COMMAND}" -E env QT_QPA_PLATFORM=offscreen
            SOURCE_DATE_EPOCH=${LATENTLAB_RELEASE_EPOCH}
            "${LATENTLAB_HELP2MAN}" --no-info --name "${summary}"
            --version-string "${PROJECT_VERSION}" --output "${page}" "$<TARGET_FILE:${target}>"
    COMMAND "${LATENTLAB_GZIP}" -9nf "${page}"
    DEPENDS ${target} VERBATIM)
  set(compressed ${compressed} "${page}.gz" PARENT_SCOPE)
  install(FILES "${page}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endfunction()

if(LATENTLAB_HELP2MAN)
  latentlab_man_page(latentlab-cli "run LatentLab's EM, PCA and VAE algorithms from scripts")
  if(LATENTLAB_BUILD_GUI)
    latentlab_man_page(latentlab "watch latent-variable models learn: EM, PCA and VAEs")
  endif()
else()
  message(STATUS "help2man not found: no man pages (scripts/install-deps.sh installs it)")
endif()
add_custom_target(latentlab_install_files ALL DEPENDS ${compressed})

# ---- The .deb ---------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME latentlab)
set(CPACK_PACKAGE_VENDOR "The LatentLab developers")
set(CPACK_PACKAGE_CONTACT "${LATENTLAB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${LATENTLAB_HOMEPAGE}")
# CPack writes the summary as the first line and this as the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "A teaching laboratory for latent-variable models: EM for Gaussian mixtures one
half-step at a time, PCA and probabilistic PCA, and variational autoencoders
with models trained on MNIST and Fashion-MNIST. Includes the desktop
application (latentlab) and a command-line tool (latentlab-cli).")
# The shared libraries the executables link are read by dpkg-shlibdeps. Qt's platform
# plugins are loaded at run time, which it cannot see: without them the window cannot open.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(LATENTLAB_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
