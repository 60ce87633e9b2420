#pragma once
// Reads the VAE fixtures written by tests/reference/vae_*_fixture.py: one named vector per
// line, "name count v1 v2 ...", and '#' comment lines. An unreadable file gives an empty
// map, which the tests report as a missing fixture.

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

inline std::map<std::string, std::vector<double>> readNamedVectors(const std::string& path) {
    std::ifstream in(path);
    std::map<std::string, std::vector<double>> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream s(line);
        std::string name;
        std::size_t n = 0;
        s >> name >> n;
        std::vector<double> v(n);
        for (double& d : v)
            s >> d;
        out[name] = v;
    }
    return out;
}
