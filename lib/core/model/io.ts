/** Model I/O v1 sizes without tfjs (pages and the contract check import these): S (crop side) and O (max objects per image). */
export const CROP_SIZE = 16;
export const MAX_OBJECTS = 20;
