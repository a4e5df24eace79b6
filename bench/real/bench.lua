-- bench/real/bench.lua — the workload Lua 5.4 runs in `make bench`: a mix of what Lua programs
-- spend their time on (calls and closures, table reads and writes, string building and
-- pattern matching, floating point, sorting with a Lua comparator). The first argument scales
-- the work in percent (100 = full). Prints one checksum line, identical on every engine.

local scale = tonumber(arg and arg[1]) or 100
local function reps(n) return math.max(1, n * scale // 100) end

local h = 0
local function mix(v) h = (h * 31 + v) % 4294967296 end

-- recursive calls
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
for i = 1, reps(40) do mix(fib(22 + i % 2)) end

-- closures and upvalues
local function counter()
  local c = 0
  return function(d) c = c + d; return c end
end
for _ = 1, reps(40) do
  local f = counter()
  for i = 1, 40000 do f(i & 7) end
  mix(f(0))
end

-- tables as arrays and as hash maps
for r = 1, reps(40) do
  local t, m = {}, {}
  for i = 1, 5000 do t[i] = (i * 7919 + r) % 100003 end
  for i = 1, #t do local k = "k" .. (t[i] % 5000); m[k] = (m[k] or 0) + 1 end
  local n = 0
  for _, v in pairs(m) do n = n + v end
  mix(n + #t)
end

-- strings: building, formatting, pattern matching
for r = 1, reps(40) do
  local parts = {}
  for i = 1, 2000 do parts[#parts + 1] = string.format("%d:%x;", i * r, i) end
  local s = table.concat(parts)
  local count = 0
  for a, b in s:gmatch("(%d+):(%x+);") do count = count + #a + #b end
  mix(count + #s:gsub("[13579]", "."))
end

-- floating point: spectral norm
local function A(i, j) local ij = i + j - 1; return 1.0 / (ij * (ij - 1) * 0.5 + i) end
local function Av(x, y, N)
  for i = 1, N do local a = 0; for j = 1, N do a = a + x[j] * A(i, j) end; y[i] = a end
end
local function Atv(x, y, N)
  for i = 1, N do local a = 0; for j = 1, N do a = a + x[j] * A(j, i) end; y[i] = a end
end
for _ = 1, reps(20) do
  local N, u, v, t = 50, {}, {}, {}
  for i = 1, N do u[i] = 1 end
  for _ = 1, 10 do Av(u, t, N); Atv(t, v, N); Av(v, t, N); Atv(t, u, N) end
  local vBv, vv = 0, 0
  for i = 1, N do vBv = vBv + u[i] * v[i]; vv = vv + v[i] * v[i] end
  mix(math.floor(math.sqrt(vBv / vv) * 1e9))
end

-- sorting with a Lua comparator; objects with methods
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:norm2() return self.x * self.x + self.y * self.y end
for r = 1, reps(40) do
  local pts, seed = {}, r
  for i = 1, 1500 do
    seed = (seed * 1103515245 + 12345) % 2147483648
    pts[i] = Point.new(seed % 1000 - 500, (seed // 1000) % 1000 - 500)
  end
  table.sort(pts, function(a, b) return a:norm2() < b:norm2() end)
  mix(pts[1]:norm2() + pts[#pts // 2]:norm2() + pts[#pts]:norm2())
end

print(string.format("checksum lua %08x", h))
