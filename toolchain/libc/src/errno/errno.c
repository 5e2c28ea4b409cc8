/* The one errno of the process. Nothing sets it to zero behind the program's back:
 * functions only store into it when they fail. */
int errno;
