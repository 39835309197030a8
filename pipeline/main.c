#include <stdio.h>
int main(void)
{
    puts("foitab " FOI_VERSION);
    return 0;
}
