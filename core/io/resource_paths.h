#pragma once
// Where the data sets and models LatentLab ships (resources/data, resources/models) are found at
// run time, for the GUI and the CLI alike: one search order, one message when a file is missing.

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

/// The folders that may hold data/ and models/, in the order they are searched:
///  1. $LATENTLAB_RESOURCES, when set (nothing else is searched then);
///  2. <folder of the running executable>/../share/latentlab (a relocatable install: the
///     relative path is the one between the install's bin and data folders);
///  3. the source tree's resources/, only when the executable is inside the build tree (so
///     a build tree never reads an older installed LatentLab's files);
///  4. $XDG_DATA_HOME/latentlab (default ~/.local/share/latentlab);
///  5. each of $XDG_DATA_DIRS (default /usr/local/share:/usr/share) + /latentlab.
/// Folders are listed whether or not they exist.
std::vector<std::filesystem::path> resourceSearchDirs();

/// The first search folder holding `relative` ("models/mnist.llvae", "data/faithful.csv").
/// Throws FileError naming the file and every folder looked in when there is none.
std::filesystem::path findResource(const std::string& relative);

/// The first search folder holding both models/ and data/ (where to show a user the shipped
/// files); the first search folder when none does.
std::filesystem::path resourceDir();

/// The file of a shipped model by the short name sessions and --model use ("mnist",
/// "fashion"), or an empty string for another name.
std::string shippedModelFile(const std::string& name);

} // namespace latentlab
