using System.Runtime.InteropServices;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// The current row of a statement being stepped. With the bundled e_sqlite3 library, columns are read by calling
/// it directly on the statement pointer without a GC transition (reading a column is a few loads and never
/// blocks): SQLitePCL's safe-handle calls cost ~20 ns each, and a row has 60 of them. Any other SQLite provider
/// goes through SQLitePCL.
/// </summary>
internal readonly struct SqliteRow(sqlite3_stmt statement)
{
    private readonly IntPtr _handle = Native.Available ? statement.DangerousGetHandle() : IntPtr.Zero;

    public bool IsNull(int ordinal) =>
        (_handle != IntPtr.Zero ? Native.sqlite3_column_type(_handle, ordinal) : raw.sqlite3_column_type(statement, ordinal)) == raw.SQLITE_NULL;

    public long Int64(int ordinal) =>
        _handle != IntPtr.Zero ? Native.sqlite3_column_int64(_handle, ordinal) : raw.sqlite3_column_int64(statement, ordinal);

    /// <summary>A text or blob column in two calls: where its bytes are and how many (<see cref="SqliteColumn.IsNull"/> for NULL).</summary>
    public unsafe SqliteColumn Column(int ordinal)
    {
        IntPtr data;
        int length;
        if (_handle != IntPtr.Zero)
        {
            data = Native.sqlite3_column_blob(_handle, ordinal);
            length = data == IntPtr.Zero ? 0 : Native.sqlite3_column_bytes(_handle, ordinal);
        }
        else
        {
            var span = raw.sqlite3_column_blob(statement, ordinal);
            data = span.IsEmpty ? IntPtr.Zero : (IntPtr)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
            length = span.Length;
        }

        // SQLite returns no pointer for NULL and for a zero-length value alike.
        return data == IntPtr.Zero ? new SqliteColumn(IntPtr.Zero, IsNull(ordinal) ? -1 : 0) : new SqliteColumn(data, length);
    }

    /// <summary>The bytes of a column read with <see cref="Column"/>; valid until the statement moves on.</summary>
    public static unsafe ReadOnlySpan<byte> Span(SqliteColumn column) => column.Length <= 0 ? default : new ReadOnlySpan<byte>((void*)column.Data, column.Length);

    /// <summary>The column's bytes (UTF-8 for text), valid until the statement moves on.</summary>
    public unsafe ReadOnlySpan<byte> Bytes(int ordinal)
    {
        if (_handle == IntPtr.Zero)
        {
            return raw.sqlite3_column_blob(statement, ordinal);
        }

        var data = Native.sqlite3_column_blob(_handle, ordinal);
        var length = Native.sqlite3_column_bytes(_handle, ordinal);
        return data == IntPtr.Zero || length <= 0 ? default : new ReadOnlySpan<byte>((void*)data, length);
    }

    private static class Native
    {
        private const string Library = "e_sqlite3";

        public static readonly bool Available = Probe();

        [DllImport(Library), SuppressGCTransition]
        public static extern int sqlite3_column_type(IntPtr statement, int ordinal);

        [DllImport(Library), SuppressGCTransition]
        public static extern long sqlite3_column_int64(IntPtr statement, int ordinal);

        [DllImport(Library), SuppressGCTransition]
        public static extern IntPtr sqlite3_column_blob(IntPtr statement, int ordinal);

        [DllImport(Library), SuppressGCTransition]
        public static extern int sqlite3_column_bytes(IntPtr statement, int ordinal);

        [DllImport(Library)]
        private static extern int sqlite3_libversion_number();

        // Only when SQLitePCL itself uses e_sqlite3, so both calls reach the same loaded library.
        private static bool Probe()
        {
            try
            {
                return raw.GetNativeLibraryName() == Library && sqlite3_libversion_number() == raw.sqlite3_libversion_number();
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return false;
            }
        }
    }
}

/// <summary>Where a column's bytes are in SQLite's memory for the current row; <see cref="Length"/> is -1 for NULL.</summary>
internal readonly record struct SqliteColumn(IntPtr Data, int Length)
{
    public bool IsNull => Length < 0;
}
