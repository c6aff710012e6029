// The digest's public reads and editors' writes (filled in next).
export {};
