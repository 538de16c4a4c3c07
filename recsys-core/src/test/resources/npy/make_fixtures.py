"""Writes the .npy fixtures NpyTest reads, with NumPy itself.

Run from this directory:  python3 make_fixtures.py
"""
import numpy as np
from numpy.lib import format as npformat

np.save("f4_2d.npy", (np.arange(12, dtype=np.float32).reshape(3, 4) * 0.5 - 1.0))
np.save("f8_1d.npy", np.array([1.5, -2.25, 1e300, 0.0], dtype=np.float64))
np.save("i4_1d.npy", np.array([0, -1, 2147483647, -2147483648, 7], dtype=np.int32))
np.save("i8_2d.npy", np.array([[1, 2, 3], [-4, 2**40, -(2**62)]], dtype=np.int64))
np.save("f4_empty.npy", np.zeros((0, 8), dtype=np.float32))
np.save("f4_big_endian.npy", np.array([1.0, 2.5, -3.0], dtype=">f4"))
np.save("f4_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
with open("f4_v2.npy", "wb") as f:
    npformat.write_array(f, np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32), version=(2, 0))
np.save("u1_1d.npy", np.array([1, 2, 3], dtype=np.uint8))
