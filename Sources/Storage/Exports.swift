// The SQLite store implements StorageCore's protocols; its users get both with `import Storage`.
@_exported import StorageCore
