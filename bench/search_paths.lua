-- Rotates through the search addresses listed in the file named by SEARCH_PATHS (one a line),
-- so every request searches for something else (no in-process answer is reused), then
-- reports like wrk_report.lua.
local paths = {}
for line in io.lines(os.getenv("SEARCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
dofile(os.getenv("WRK_REPORT"))
