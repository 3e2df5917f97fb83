#pragma once
// zhnorm: clean, structured text from the text layer of Chinese newspaper PDFs.
// Include this one header; see README.md for the passes and the output model.
#include "zhnorm/document.hpp"
#include "zhnorm/load.hpp"
#include "zhnorm/normalize.hpp"
#include "zhnorm/pass.hpp"
#include "zhnorm/pipeline.hpp"
#include "zhnorm/render.hpp"
#include "zhnorm/version.hpp"
